// Conformance: Slack's official Node SDKs (@slack/socket-mode, @slack/web-api,
// versions pinned in package-lock.json) against the standalone slack-emulator.
// Someone else's reading of the protocol checks ours: connect over Socket
// Mode, receive and ack a slash command, survive `refresh_requested`, and
// make Web API calls including one that is rate limited (429 + Retry-After)
// and retried by the SDK.
//
//   SLACK_EMULATOR=build/slack-emulator node conformance.js
//
// Exit code 0 when every check passed, 1 with the first failure otherwise.
'use strict';

const { spawn } = require('node:child_process');
const readline = require('node:readline');
const { SocketModeClient } = require('@slack/socket-mode');
const { WebClient, WebClientEvent, ErrorCode, LogLevel } = require('@slack/web-api');

const TIMEOUT_MS = 60000;
let emulator;
let socketClient;

function fail(message) {
  console.error(`FAIL: ${message}`);
  if (emulator) emulator.kill('SIGTERM');
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
  console.log(`ok - ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, predicate, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    await sleep(50);
  }
  fail(`timed out waiting for ${what}`);
}

// Starts the emulator and reads the URL and tokens it prints.
function startEmulator(binary) {
  return new Promise((resolve, reject) => {
    emulator = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    emulator.on('error', reject);
    emulator.on('exit', (code) => reject(new Error(`slack-emulator exited early (${code})`)));
    const env = {};
    readline.createInterface({ input: emulator.stdout }).on('line', (line) => {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      if (env.SLACK_API_URL && env.SLACK_APP_TOKEN && env.SLACK_BOT_TOKEN) resolve(env);
    });
  });
}

async function main() {
  const binary = process.env.SLACK_EMULATOR || process.argv[2];
  if (!binary) fail('set SLACK_EMULATOR to the slack-emulator executable');
  const env = await startEmulator(binary);
  const apiUrl = env.SLACK_API_URL;
  const base = apiUrl.replace(/api\/$/, '');
  const control = async (path, body) => {
    const res = await fetch(`${base}_emulator/${path}`, body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json();
  };
  console.log(`emulator at ${apiUrl}`);

  // --- Web API --------------------------------------------------------------
  const web = new WebClient(env.SLACK_BOT_TOKEN, {
    slackApiUrl: apiUrl,
    logLevel: LogLevel.WARN,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
  });
  const auth = await web.auth.test();
  check(auth.ok && /^U/.test(auth.user_id) && auth.team_id === 'T0EMULATED', 'auth.test names the bot');

  let rateLimitedFor = 0;
  web.on(WebClientEvent.RATE_LIMITED, (seconds) => { rateLimitedFor = seconds; });
  await control('inject', { method: 'conversations.create', kind: 'rate_limited', retry_after: 1, count: 1 });
  const started = Date.now();
  const created = await web.conversations.create({ name: 'conformance-room' });
  check(created.ok && created.channel.name === 'conformance-room', 'conversations.create succeeds after a 429');
  check(rateLimitedFor === 1, 'the SDK saw the 429 with Retry-After: 1');
  check(Date.now() - started >= 900, 'the SDK waited Retry-After before retrying');
  const log = await control('calls?method=conversations.create');
  check(log.calls.length === 2 && log.calls[0].http_status === 429 && log.calls[1].http_status === 200,
    'the emulator saw the 429 then the retry');

  try {
    await web.conversations.create({ name: 'conformance-room' });
    fail('a second create with the same name should fail');
  } catch (error) {
    check(error.code === ErrorCode.PlatformError && error.data.error === 'name_taken',
      'a taken name surfaces as a platform error name_taken');
  }

  const state = await control('state');
  const alice = state.users.find((u) => u.name === 'alice').id;
  const channel = created.channel.id;
  await web.conversations.invite({ channel, users: alice });
  const posted = await web.chat.postMessage({
    channel,
    text: 'Incident declared',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*SEV1* Payments down' } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: "I'll be IC" }, action_id: 'incident.take_role', value: 'ic' }] }],
  });
  check(posted.ok && /^\d{10}\.\d{6}$/.test(posted.ts), 'chat.postMessage with form-encoded blocks returns a Slack ts');
  const pinned = await web.pins.add({ channel, timestamp: posted.ts });
  check(pinned.ok, 'pins.add');
  // files.uploadV2: getUploadURLExternal, the POST of the bytes to the
  // upload URL, completeUploadExternal sharing into the channel (the flow the
  // bot uses for post-mortem drafts and exports).
  const draft = '# INC-2026-001 post-mortem\n\nTimeline: 14:15 alert fired; "quotes" & <brackets> 🔥\n';
  const uploaded = await web.filesUploadV2({
    channel_id: channel,
    content: draft,
    filename: 'INC-2026-001-postmortem.md',
    title: 'Post-mortem draft',
    initial_comment: 'Post-mortem draft for INC-2026-001',
  });
  const uploadedFile = uploaded.files && uploaded.files[0] && uploaded.files[0].files &&
    uploaded.files[0].files[0];
  check(uploaded.ok && uploadedFile && /^F/.test(uploadedFile.id), 'filesUploadV2 completes the upload flow');
  const uploadCalls = await control('calls');
  const flow = uploadCalls.calls.map((c) => c.method)
    .filter((m) => m === 'files.getUploadURLExternal' || m === 'upload_url' || m === 'files.completeUploadExternal');
  check(flow.join(',') === 'files.getUploadURLExternal,upload_url,files.completeUploadExternal',
    'the SDK asked for an upload URL, posted the bytes to it, then completed the upload');
  const shared = await web.conversations.history({ channel, limit: 10 });
  const share = shared.messages.find((m) => m.files && m.files.some((f) => f.id === uploadedFile.id));
  check(share !== undefined, 'the uploaded file shows in conversations.history as a file share');
  try {
    await web.files.completeUploadExternal({ files: JSON.stringify([{ id: 'F0NOSUCHFILE' }]), channel_id: channel });
    fail('completing an upload that never happened should fail');
  } catch (error) {
    check(error.code === ErrorCode.PlatformError, `completing an unknown upload is refused (${error.data && error.data.error})`);
  }

  const users = await web.users.list({ limit: 1 });
  check(users.members.length === 1 && users.response_metadata.next_cursor !== '', 'users.list pages with a cursor');

  // --- Socket Mode ----------------------------------------------------------
  socketClient = new SocketModeClient({
    appToken: env.SLACK_APP_TOKEN,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.WARN,
  });
  const received = [];
  socketClient.on('slash_commands', async ({ ack, body, envelope_id }) => {
    received.push({ envelope_id, body });
    await ack({ text: `pong: ${body.text}` });
  });
  let connects = 0;
  socketClient.on('connected', () => { connects += 1; });
  await socketClient.start();
  await waitFor('the first connection', () => connects >= 1);
  check(true, 'SocketModeClient connected (hello received)');

  const sendCommand = async (text) => {
    const { envelope_id } = await control('slash_command', { user: 'alice', channel: 'general', text });
    return waitFor(`the ack of "${text}"`, async () => {
      const { acks } = await control('acks');
      return acks.find((a) => a.envelope_id === envelope_id);
    });
  };
  const first = await sendCommand('ping');
  check(received.length === 1 && received[0].body.command === '/incident' && received[0].body.text === 'ping',
    'the slash command payload reached the SDK listener');
  check(first.payload && first.payload.text === 'pong: ping' && !first.late, 'the ack and its payload arrived in time');

  await control('disconnect', { reason: 'refresh_requested' });
  await waitFor('a reconnect after refresh_requested', async () => {
    const s = await control('state');
    return s.connections_opened >= 2 && s.open_connections >= 1 && connects >= 2;
  });
  check(true, 'the SDK reconnected after refresh_requested');
  const second = await sendCommand('again');
  check(second.payload && second.payload.text === 'pong: again', 'a slash command after the refresh is acked');

  const { failures } = await control('failures');
  check(failures.length === 0, 'no envelope failed on the emulator side');

  await socketClient.disconnect();
  emulator.kill('SIGTERM');
  console.log('conformance: all checks passed');
  process.exit(0);
}

setTimeout(() => fail(`no result after ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();
main().catch((error) => fail(error.stack || String(error)));
