import { greet } from "./lib/greet";

export const handler = async () => ({ statusCode: 200, body: greet("bye") });
