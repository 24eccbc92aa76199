/** Build-time flag: whether `window.__p2p` is exposed (see vite.config.ts). */
declare const __P2P_DEBUG__: boolean;

declare module '*.png' {
  const url: string;
  export default url;
}
