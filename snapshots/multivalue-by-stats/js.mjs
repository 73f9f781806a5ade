// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
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
const $m0 = pattern(["4624"], false);
const $m1 = pattern(["10"], false);
// the search filter
function $filter2(e, c) {
  return (valEq(readField(e, "EventCode"), $m0) && valEq(readField(e, "Logon_Type"), $m1));
}
// the search filter on input events
function $filter3(e, c) {
  return (valEq($evf1(e, "EventCode"), $m0) && valEq($evf1(e, "Logon_Type"), $m1));
}
const $q4 = {
  selects: () => true,
  filter: $filter2,
  event: { selects: () => true, filter: $filter3 },
  keep: ["_time","Account_Name","src_ip"],
  stages: [
    // stage 2: "stats count values(src_ip) as sources by Account_Name"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "src_ip", as: "sources" }], by: ["Account_Name"] }),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q4, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q4, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q4, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q4, options, $aliases);
}
