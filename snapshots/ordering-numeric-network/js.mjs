// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":13},"message":"data source index:network: checked only on events that have a 'index' field; the events given to run() are the data source"}]});
const $aliases = [];
const $aliasIndex = aliasIndex($aliases);
/** A field of an input event as its row would have it; its raw text. */
function $evf(e, name) {
  return eventField(e, name, $aliasIndex, $aliases);
}
function $evt(e) {
  return eventRaw(e, $aliasIndex, $aliases);
}
function $evf1(e, name) {
  return eventFlat(e, name);
}
const $m0 = pattern(["network"], false);
const $o1 = order("lt", "1024", true, false);
const $o2 = order("ge", "4000", true, false);
// the search filter
function $filter3(e, c) {
  return (valOrder(readField(e, "dest_port"), $o1) && valOrder(readField(e, "bytes_out"), $o2));
}
// the search filter on input events
function $filter4(e, c) {
  return (valOrder($evf1(e, "dest_port"), $o1) && valOrder($evf1(e, "bytes_out"), $o2));
}
const $q5 = {
  selects: (e) => valSelect(readField(e, "index"), $m0),
  filter: $filter3,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0), filter: $filter4 },
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q5, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q5, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q5, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q5, options, $aliases);
}
