// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $in0 = [pattern(["jump01.offsec.lan"], false), pattern(["WORKSTATION6.theshire.local"], false), pattern(["WIN-NBRJP24VCHB"], false)];
const $m1 = pattern(["7045"], false);
const $m2 = pattern(["user mode service"], false);
// the search filter
function $filter3(e, c) {
  return (leafIn(e, "host", $in0) && leafEq(e, "EventCode", $m1) && leafEq(e, "Service_Type", $m2));
}
const $o4 = order("gt", "3", true, true);
// filter stage
function $filter5(e, c) {
  return leafOrder(e, "count", $o4);
}
const $q6 = {
  selects: () => true,
  filter: $filter3,
  stages: [
    // stage 2: "eval start=case(Service_Start_Type==\"auto start\", \"auto\", Service_Start_Type==\"demand start\", \"manua…"
    stageEval([["start", (e, c) => (evTruth(evEq(ef(e, "Service_Start_Type"), "auto start")) ? "auto" : (evTruth(evEq(ef(e, "Service_Start_Type"), "demand start")) ? "manual" : (evTruth(true) ? "other" : null)))], ["name_len", (e, c) => fn_len(ef(e, "Service_Name"))], ["acct", (e, c) => fn_upper(fn_coalesce(ef(e, "Service_Account"), "none"))]]),
    // stage 3: "stats count values(start) as starts dc(acct) as accounts min(name_len) as shortest max(name_len) as …"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "start", as: "starts" }, { fn: "dc", field: "acct", as: "accounts" }, { fn: "min", field: "name_len", as: "shortest" }, { fn: "max", field: "name_len", as: "longest" }], by: ["host"] }),
    // stage 4: "where count \u003e 3"
    stageFilter($filter5),
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
