export { createApp, createApi, type AppType } from "./app.ts";
