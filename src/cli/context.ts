// The CLI's dependencies are the composition root (src/app/root.ts); commands get one per run.
export { createRoot as createContext, type Root as Context } from "../app/root.ts";
