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
const $in0 = [pattern(["jump01.offsec.lan"], false), pattern(["WORKSTATION6.theshire.local"], false), pattern(["WIN-NBRJP24VCHB"], false)];
const $m1 = pattern(["7045"], false);
const $m2 = pattern(["user mode service"], false);
// the search filter
function $filter3(e, c) {
  return (valEq(readField(e, "EventCode"), $m1) && valEq(readField(e, "Service_Type"), $m2) && valIn(readField(e, "host"), $in0));
}
// the search filter on input events
function $filter4(e, c) {
  return (valEq($evf1(e, "EventCode"), $m1) && valEq($evf1(e, "Service_Type"), $m2) && valIn($evf1(e, "host"), $in0));
}
const $o5 = order("gt", "3", true, true);
// filter stage
function $filter6(e, c) {
  return valOrder(readField(e, "count"), $o5);
}
const $q7 = {
  selects: () => true,
  filter: $filter3,
  event: { selects: () => true, filter: $filter4 },
  keep: ["_time","Service_Start_Type","Service_Name","Service_Account","host"],
  stages: [
    // stage 2: "eval start=case(Service_Start_Type==\"auto start\", \"auto\", Service_Start_Type==\"demand start\", \"manua…"
    stageEval([["start", (e, c) => (evTruth(evEq((readField(e, "Service_Start_Type") ?? null), "auto start")) ? "auto" : (evTruth(evEq((readField(e, "Service_Start_Type") ?? null), "demand start")) ? "manual" : (evTruth(true) ? "other" : null)))], ["name_len", (e, c) => fn_len((readField(e, "Service_Name") ?? null))], ["acct", (e, c) => fn_upper(fn_coalesce((readField(e, "Service_Account") ?? null), "none"))]]),
    // stage 3: "stats count values(start) as starts dc(acct) as accounts min(name_len) as shortest max(name_len) as …"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "start", as: "starts" }, { fn: "dc", field: "acct", as: "accounts" }, { fn: "min", field: "name_len", as: "shortest" }, { fn: "max", field: "name_len", as: "longest" }], by: ["host"] }),
    // stage 4: "where count \u003e 3"
    stageFilter($filter6),
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
