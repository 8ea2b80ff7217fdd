import { Command } from "commander";
import { loadDotenvFile } from "../src/runtime/dotenv-file.js";
import { loadConfig } from "../src/app/load-config.js";
import { startDemoWorld } from "./demo/demo-world.js";
import { loadDemoTweets, playDemoTweets } from "./demo/demo-tweets.js";

loadDotenvFile(process.env);

const program = new Command()
  .name("npm run sim --")
  .description("Starts the local X and Telegram simulators (with a group per agency) for manual testing.")
  .option("--x-port <port>", "port of the X API v2 simulator (0: any free port)", (v) => Number(v), 0)
  .option(
    "--telegram-port <port>",
    "port of the Telegram Bot API simulator (0: any free port)",
    (v) => Number(v),
    0,
  )
  .option("--telegram-token <token>", "the one bot token the Telegram simulator accepts")
  .option(
    "--seed <file>",
    "a demo tweets YAML file to play into the X simulator (e.g. config/demo/tweets.yaml)",
  )
  .option("--no-flood-control", "turn off Telegram's flood limits (benchmarks)")
  .showHelpAfterError();

program.parse();
const opts = program.opts<{
  xPort: number;
  telegramPort: number;
  telegramToken?: string;
  seed?: string;
  floodControl: boolean;
}>();
const config = await loadConfig(process.env["ADUAN_CONFIG_DIR"] ?? "config", new Date());
const world = await startDemoWorld(config.agencies, {
  xPort: opts.xPort,
  telegramPort: opts.telegramPort,
  floodControl: opts.floodControl,
  ...(opts.telegramToken ? { telegramToken: opts.telegramToken } : {}),
});
console.log(`X simulator: ${world.x.url}`);
console.log(`Telegram simulator: ${world.telegram.url}`);
console.log(`Telegram bot token: ${world.telegram.token}`);
console.log(`Groups: ${JSON.stringify(world.chatIds)}`);
if (opts.seed) {
  const tweets = await loadDemoTweets(opts.seed);
  playDemoTweets(tweets, (t) => world.x.addTweet(t));
  console.log(`Playing ${tweets.length} tweets from ${opts.seed}`);
}
const stop = () => void world.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
