import { createReadStream } from "node:fs";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { SingleBar } from "cli-progress";
import { ConfigError } from "../config/config-error.js";
import { loadTriageModel } from "../config/load-triage-config.js";
import { triage, type TriageModel } from "../triage/triage.js";
import { formatVerdict } from "./format-verdict.js";
import { parseInputLine } from "./input-line.js";

async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk))
    await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
}

async function runJsonl(model: TriageModel, file: string): Promise<void> {
  const fromStdin = file === "-";
  const input = fromStdin ? process.stdin : createReadStream(file, { encoding: "utf8" });
  let bar: SingleBar | undefined;
  if (process.stderr.isTTY && !fromStdin) {
    const size = (await stat(file)).size;
    bar = new SingleBar({
      stream: process.stderr,
      format: "triage [{bar}] {percentage}% | {value}/{total} bytes | {lines} lines",
    });
    bar.start(size, 0, { lines: 0 });
  }
  let lineNo = 0;
  let bytes = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    const parsed = parseInputLine(line, lineNo);
    let out: unknown;
    if (!parsed.ok) out = { id: parsed.id, error: parsed.error };
    else {
      try {
        out = triage(model, parsed.tweet);
      } catch (e) {
        out = { id: parsed.tweet.id, error: `line ${lineNo}: triage failed: ${(e as Error).message}` };
      }
    }
    await write(JSON.stringify(out) + "\n");
    if (bar && lineNo % 200 === 0) bar.update(bytes, { lines: lineNo });
  }
  if (bar) {
    bar.update(bar.getTotal(), { lines: lineNo });
    bar.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  loadDotenvFile(process.env);
  const program = new Command()
    .name("triage")
    .description(
      "Triage Indonesian complaint tweets: complaint or not, owning agency, urgency, place, abuse, with evidence.\n" +
        "Config is read from $ADUAN_CONFIG_DIR (default ./config).",
    )
    .argument("[text...]", "tweet text to triage (quote it)")
    .option("--json", "print the verdict object as JSON")
    .option(
      "--jsonl <file>",
      "triage one JSON object per line (fields: id, text, coordinates, place_name, user_location, is_retweet, author_username); `-` reads stdin; writes one verdict (or {id, error}) per line to stdout, in order",
    )
    .addHelpText(
      "after",
      '\nExamples:\n  npm run triage -- "jln pagarsih banjir lagi, mobil gk bisa lewat"\n  npm run triage -- --json "lampu merah per4an supratman mati"\n  npm run triage -- --jsonl tweets.jsonl > verdicts.jsonl',
    )
    .action(async (words: string[], opts: { json?: boolean; jsonl?: string }) => {
      const model = await loadTriageModel();
      if (opts.jsonl) {
        await runJsonl(model, opts.jsonl);
        return;
      }
      const text = words.join(" ");
      if (text.trim() === "") {
        program.error("give a tweet text, or --jsonl FILE (see --help)");
      }
      const verdict = triage(model, { id: "cli", text });
      console.log(opts.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict, model));
    });
  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e instanceof Error ? `triage: ${e.message}` : e);
  process.exitCode = 1;
});
