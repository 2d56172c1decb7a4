# One image for all of The Eye's Node services; the command picks the app:
#   docker run the-eye:local dist/apps/ingest/main.js
# (docker-compose.yml does this for gateway, ingest, validator and query; the CLI is
#  dist/apps/cli/main.js.)

FROM node:22-bookworm-slim AS build
# No Nx daemon or interactive output inside an image build.
ENV CI=true NX_DAEMON=false
WORKDIR /src
COPY . .
RUN npm ci \
 && npx nx run-many -t build -p gateway ingest validator query cli --output-style=stream \
 && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# gRPC reflection serves the .proto files; libs/rpc looks for proto/ next to the app.
COPY --from=build /src/proto ./proto
USER node
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["dist/apps/gateway/main.js"]
