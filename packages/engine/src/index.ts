/** @hop3/engine — the deploy pipeline and app lifecycle of Hop3, for any host to embed. */
export {};
