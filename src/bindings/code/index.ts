/** Every code transform, in the order the rewriter runs them (each sees what the earlier ones made). */
import type { CodeTransform } from './types.js';
import bodyGenerators from './transforms/body-generators.js';
import localMirrors from './transforms/local-mirrors.js';
import httpHandler from './transforms/http-handler.js';
import cliRun from './transforms/cli-run.js';
import httpBodies from './transforms/http-bodies.js';
import futures from './transforms/futures.js';
import pollables from './transforms/pollables.js';
import startFinish from './transforms/start-finish.js';
import sockets from './transforms/sockets.js';
import asyncMethods from './transforms/async-methods.js';
import directoryListings from './transforms/directory-listings.js';
import enumVariants from './transforms/enum-variants.js';
import tcpServer from './transforms/tcp-server.js';
import inputStreams from './transforms/input-streams.js';
import outputStreams from './transforms/output-streams.js';
import requestBodies from './transforms/request-bodies.js';
import streamErrors from './transforms/stream-errors.js';
import apiRenames from './transforms/api-renames.js';
import jsdocTypes from './transforms/jsdoc-types.js';
import specifiers from './transforms/specifiers.js';
import wasiByName from './transforms/wasi-by-name.js';
import disposals from './transforms/disposals.js';
import emptiedFinally from './transforms/emptied-finally.js';
import { asyncCallers } from './async-callers.js';

export const transforms: readonly CodeTransform[] = [tcpServer, localMirrors, bodyGenerators, httpHandler, cliRun, httpBodies, futures, pollables, startFinish, sockets, directoryListings, asyncMethods, enumVariants, inputStreams, outputStreams, requestBodies, disposals, emptiedFinally, streamErrors, apiRenames, jsdocTypes, wasiByName, specifiers];

/** Every transform with docs and cases, the async pass included (it runs last, over the whole project). */
export const catalogue: readonly CodeTransform[] = [...transforms, asyncCallers];
