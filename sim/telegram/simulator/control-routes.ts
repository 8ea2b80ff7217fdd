import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { SimBotApi } from "./bot-api-methods.js";
import type { FaultPlan } from "./fault-plan.js";
import { SimControlError } from "./sim-world.js";
import { renderWebViewPage } from "./web-view.js";

const memberStatus = z.enum(["creator", "administrator", "member", "restricted", "left", "kicked"]);
const member = z.object({
  id: z.number().int(),
  name: z.string().min(1),
  status: memberStatus.optional(),
  username: z.string().optional(),
  isMember: z.boolean().optional(),
});
const chatBody = z.object({
  id: z.number().int().optional(),
  title: z.string().min(1),
  type: z.enum(["private", "group", "supergroup"]).optional(),
  members: z.array(member).optional(),
  botStatus: memberStatus.optional(),
});
const pressBody = z.object({
  chatId: z.coerce.number().int(),
  messageId: z.coerce.number().int(),
  userId: z.coerce.number().int(),
  button: z.string().min(1),
  timeoutMs: z.number().int().positive().max(60_000).optional(),
});
const messageBody = z.object({
  chatId: z.coerce.number().int(),
  userId: z.coerce.number().int(),
  text: z.string().optional(),
  replyToMessageId: z.coerce.number().int().optional(),
  /** A photo from the phone: the simulator stores a stand-in JPEG (or `base64` bytes). */
  photo: z.object({ fileName: z.string().optional(), base64: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z
    .object({
      phone_number: z.string().min(3),
      first_name: z.string().optional(),
      user_id: z.number().int().optional(),
    })
    .optional(),
});
const faultBody = z.object({
  method: z.string().min(1),
  status: z.number().int().min(200).max(599).optional(),
  count: z.number().int().positive().optional(),
  retryAfter: z.number().int().positive().optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  dropResponse: z.boolean().optional(),
  hang: z.boolean().optional(),
  description: z.string().optional(),
  chatId: z.number().int().optional(),
});
const migrateBody = z.object({ newId: z.number().int().optional() }).optional();

/** Strips keys whose value is undefined, which `exactOptionalPropertyTypes` treats as different from absent. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** The `/_sim` control API (tests, the demo and the web view drive the simulated chats through it) and the page. */
export function registerControlRoutes(app: FastifyInstance, api: SimBotApi, faults: FaultPlan): void {
  const world = api.world;

  app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(renderWebViewPage()));

  app.post("/_sim/chats", async (request, reply) => {
    const body = chatBody.parse(request.body);
    const chat = world.addChat({
      ...defined({ id: body.id, type: body.type, botStatus: body.botStatus }),
      title: body.title,
      members: (body.members ?? []).map((m) => defined(m)),
    });
    return reply.code(201).send(chat);
  });

  app.get("/_sim/chats", async () => world.chats());

  app.get<{ Params: { chatId: string }; Querystring: { include?: string } }>(
    "/_sim/chats/:chatId/messages",
    async (request) => {
      const chatId = Number(request.params.chatId);
      const chat = world.chat(chatId) ?? world.chat(world.migratedTo(chatId) ?? NaN);
      if (!chat) throw new SimControlError(404, `no chat ${request.params.chatId}`);
      const includeUsers = request.query.include === "all";
      return chat.messages
        .filter((m) => includeUsers || m.fromId === world.bot.id)
        .map((m) => world.messageView(chat, m));
    },
  );

  app.post<{ Params: { chatId: string } }>("/_sim/chats/:chatId/members", async (request) => {
    const body = member.parse(request.body);
    api.setMember(Number(request.params.chatId), defined(body));
    return world.chatView(world.requireChat(Number(request.params.chatId)));
  });

  app.post<{ Params: { chatId: string } }>("/_sim/chats/:chatId/bot", async (request) => {
    const body = z.object({ status: memberStatus }).parse(request.body);
    world.setBotStatus(Number(request.params.chatId), body.status);
    return world.chatView(world.requireChat(Number(request.params.chatId)));
  });

  app.post<{ Params: { chatId: string } }>("/_sim/chats/:chatId/migrate", async (request) => {
    const body = migrateBody.parse(request.body ?? undefined);
    return api.migrate(Number(request.params.chatId), body?.newId);
  });

  app.post("/_sim/press", async (request) => {
    const body = pressBody.parse(request.body);
    return await api.press(defined(body));
  });

  app.post("/_sim/messages", async (request, reply) => {
    const { photo, ...body } = messageBody.parse(request.body);
    const input = defined({
      ...body,
      photo: photo
        ? defined({
            fileName: photo.fileName,
            data: photo.base64 ? Buffer.from(photo.base64, "base64") : undefined,
          })
        : undefined,
      contact: body.contact ? defined(body.contact) : undefined,
    });
    return reply.code(201).send(api.sendUserMessage(input));
  });

  app.post("/_sim/faults", async (request, reply) => {
    faults.add(defined(faultBody.parse(request.body)));
    return reply.code(201).send({ faults: faults.list() });
  });

  app.delete("/_sim/faults", async () => {
    faults.clear();
    return { faults: [] };
  });

  app.get("/_sim/faults", async () => ({ faults: faults.list() }));

  app.get("/_sim/updates", async () => ({
    pending: api.updates.snapshot(),
    webhook: api.webhook.info(),
  }));

  app.get("/_sim/stats", async () => ({ calls: Object.fromEntries(api.calls) }));

  app.get<{ Params: { fileId: string } }>("/_sim/files/:fileId", async (request, reply) => {
    const file = world.file(request.params.fileId);
    if (!file) throw new SimControlError(404, "no such file");
    if (!file.data) return reply.redirect(file.url ?? "/");
    return reply
      .type(file.mimeType)
      .header("content-disposition", `inline; filename="${file.fileName.replace(/"/g, "")}"`)
      .send(file.data);
  });
}
