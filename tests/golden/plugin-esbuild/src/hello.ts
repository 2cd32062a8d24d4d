import { greet } from "./lib/greet";

export const handler = async (event: { name?: string }) => ({ statusCode: 200, body: greet(event.name ?? "world") });
export const other = async () => ({ statusCode: 204 });
