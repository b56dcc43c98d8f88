// Vite plugin: embeds a reflector in the dev server (and `vite preview`) at /reflector, so
// `npm start` is one command and pages reach the reflector at their own origin. The only
// reflector file that knows about Vite (types only); the reflector itself is attach.ts.
import type { Server } from "node:http";
import type { Plugin } from "vite";
import { attachReflector, type AttachedReflector, type AttachOptions } from "./attach.ts";

export interface ReflectorPluginOptions extends AttachOptions {
  /** Print where the reflector and the pages are once the server listens (default true). */
  announce?: boolean;
}

/** `plugins: [reflectorPlugin({ storage: ".tandem-data" })]` */
export function reflectorPlugin(options: ReflectorPluginOptions = {}): Plugin {
  const { announce = true, ...attach } = options;
  const path = attach.path ?? "/reflector";

  interface Owner {
    close(): Promise<void>;
    printUrls(): void;
    resolvedUrls: { local: string[]; network: string[] } | null;
  }

  /** Attaches to `httpServer`, closes the reflector when `owner` closes, prints its URL with Vite's. */
  const embed = (httpServer: Server | null, owner: Owner, log: (msg: string) => void): void => {
    if (!httpServer) {
      log("[tandem] no HTTP server (middleware mode): the reflector is not embedded; run `npm run reflector`");
      return;
    }
    const reflector: AttachedReflector = attachReflector(httpServer, { storage: ".tandem-data", ...attach, path });
    // Vite's own close destroys open sockets; closing the reflector first lets clients get a
    // clean SHUTDOWN and lets storage flush
    const closeServer = owner.close.bind(owner);
    owner.close = async () => {
      await reflector.close();
      await closeServer();
    };
    if (announce) {
      const printUrls = owner.printUrls.bind(owner);
      owner.printUrls = () => {
        printUrls();
        const page = owner.resolvedUrls?.local[0];
        if (page) log(`  ➜  Reflector: ${page.replace(/^http/, "ws").replace(/\/$/, "")}${path}  (storage: ${attach.storage ?? ".tandem-data"})`);
      };
    }
  };

  return {
    name: "tandem-reflector",
    configureServer(server) {
      embed(server.httpServer as Server | null, server, (m) => server.config.logger.info(m));
    },
    configurePreviewServer(server) {
      embed(server.httpServer as Server, server as unknown as Owner, (m) => server.config.logger.info(m));
    },
  };
}
