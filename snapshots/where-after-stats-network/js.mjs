// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":13},"message":"data source index:network: checked only on events that have a 'index' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["network"], false);
const $in1 = [pattern(["445"], false), pattern(["139"], false)];
const $m2 = pattern(["allowed"], false);
// the search filter
function $filter3(e, c) {
  return (leafIn(e, "dest_port", $in1) && leafEq(e, "action", $m2));
}
const $o4 = order("ge", "2", true, true);
// filter stage
function $filter5(e, c) {
  return leafOrder(e, "targets", $o4);
}
const $q6 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)),
  filter: $filter3,
  stages: [
    // stage 2: "stats count dc(dest_ip) as targets sum(bytes_out) as bytes_out by src_ip"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "dc", field: "dest_ip", as: "targets" }, { fn: "sum", field: "bytes_out", as: "bytes_out" }], by: ["src_ip"] }),
    // stage 3: "where targets \u003e= 2"
    stageFilter($filter5),
    // stage 4: "sort - bytes_out"
    stageSort([["bytes_out",true,"auto"]], 10000),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q6, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q6, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q6, events, options, $aliases);
}
