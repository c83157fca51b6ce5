// The wire contract shared by the worker and the notify-internalbf action.
export * from "./answer";
export * from "./base64";
export * from "./events";
export * from "./notification";
export * from "./secret";
export * from "./sign";
export * from "./url";
export * from "./verify";
