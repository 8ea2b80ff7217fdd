# Aduan as a container image: compiled with `npm run build`, run with `node dist/main.js`, as the
# unprivileged `node` user. One image for every role: the role is the command (see compose.yaml).
#   docker build -t aduan .
#   docker run --env-file .env aduan --role workers
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY jobs ./jobs
COPY sim ./sim
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    ADUAN_CONFIG_DIR=/app/config
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
USER node
# Health, metrics and Bull Board (PORT, on OPS_HOST); the Telegram webhook's own listener (WEBHOOK_PORT).
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["--role", "all"]
