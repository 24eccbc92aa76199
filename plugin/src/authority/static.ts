import { resolve } from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * Serves the built game from `dir`: `index.html` for `/`, MIME types from the file extension,
 * dotfiles hidden, and no escape from `dir` (`send` refuses `..` segments; refusals fall through
 * to the JSON 404).
 */
export function staticFiles(dir: string): RequestHandler {
  return express.static(resolve(dir), {
    index: ['index.html'],
    dotfiles: 'ignore',
    fallthrough: true,
    redirect: false,
    setHeaders: (res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
}
