// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $m1 = pattern(["FS03",0], false);
// the search filter
function $filter2(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "host", $m1));
}
const $q3 = {
  selects: () => true,
  filter: $filter2,
  stages: [
    // stage 2: "bin _time span=5s"
    stageBin({"field":"_time","as":"_time","seconds":5}),
    // stage 3: "stats count values(RecordNumber) as records by _time, host"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "RecordNumber", as: "records" }], by: ["_time","host"] }),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q3, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q3, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q3, events, options, $aliases);
}
