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
const $in1 = [pattern(["445"], false), pattern(["139"], false)];
const $m2 = pattern(["allowed"], false);
// the search filter
function $filter3(e, c) {
  return (valEq(readField(e, "action"), $m2) && valIn(readField(e, "dest_port"), $in1));
}
// the search filter on input events
function $filter4(e, c) {
  return (valEq($evf1(e, "action"), $m2) && valIn($evf1(e, "dest_port"), $in1));
}
const $o5 = order("ge", "2", true, true);
// filter stage
function $filter6(e, c) {
  return valOrder(readField(e, "targets"), $o5);
}
const $q7 = {
  selects: (e) => valSelect(readField(e, "index"), $m0),
  filter: $filter3,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0), filter: $filter4 },
  keep: ["_time","src_ip","dest_ip","bytes_out"],
  stages: [
    // stage 2: "stats count dc(dest_ip) as targets sum(bytes_out) as bytes_out by src_ip"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "dc", field: "dest_ip", as: "targets" }, { fn: "sum", field: "bytes_out", as: "bytes_out" }], by: ["src_ip"] }),
    // stage 3: "where targets \u003e= 2"
    stageFilter($filter6),
    // stage 4: "sort - bytes_out"
    stageSort([["bytes_out",true,"auto"]], 10000),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q7, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q7, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q7, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q7, options, $aliases);
}
