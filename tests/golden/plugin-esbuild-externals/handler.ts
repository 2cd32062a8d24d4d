import isNumber from "is-number";

export const check = async (event: { value: unknown }) => ({ statusCode: 200, body: String(isNumber(event.value)) });
