// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":18,"end":86},"message":"data source sourcetype:XmlWinEventLog:Microsoft-Windows-PowerShell/Operational: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["XmlWinEventLog:Microsoft-Windows-PowerShell/Operational"], false);
const $m2 = pattern(["4104"], false);
const $m3 = pattern([0,"FromBase64String",0], false);
const $m4 = pattern([0,"-enc",0], false);
const $raw5 = rawSearch("phrase", ["EncodedCommand"], false);
const $in6 = [pattern(["svc_backup"], false), pattern(["SYSTEM"], false)];
// the search filter
function $filter7(e, c) {
  return (leafEq(e, "EventCode", $m2) && (leafEq(e, "ScriptBlockText", $m3) || leafEq(e, "ScriptBlockText", $m4) || $raw5(e)) && !leafIn(e, "user", $in6));
}
const $re8 = new RegExp("(?\u003cb64\u003e[+/-9A-Za-z]{40,}={0,2})", "ug");
const $o9 = order("gt", "100", true, true);
// filter stage
function $filter10(e, c) {
  return (leafExists(e, "b64") && leafOrder(e, "b64_len", $o9));
}
const $o11 = order("ge", "2", true, true);
// filter stage
function $filter12(e, c) {
  return leafOrder(e, "count", $o11);
}
const $q13 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)) && (!leafExists(e, "sourcetype") || leafEq(e, "sourcetype", $m1)),
  filter: $filter7,
  stages: [
    // stage 2: "rex field=ScriptBlockText \"(?\u003cb64\u003e[A-Za-z0-9+/]{40,}={0,2})\""
    stageRex("ScriptBlockText", $re8, ["b64"], 1),
    // stage 3: "eval b64_len=len(b64), host=lower(host)"
    stageEval([["b64_len", (e, c) => fn_len(ef(e, "b64"))], ["host", (e, c) => fn_lower(ef(e, "host"))]]),
    // stage 4: "where isnotnull(b64) AND b64_len \u003e 100"
    stageFilter($filter10),
    // stage 5: "bin _time span=5m"
    stageBin({"field":"_time","as":"_time","seconds":300}),
    // stage 6: "stats count values(b64) as samples dc(user) as users by _time, host"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "b64", as: "samples" }, { fn: "dc", field: "user", as: "users" }], by: ["_time","host"] }),
    // stage 7: "where count \u003e= 2"
    stageFilter($filter12),
    // stage 8: "sort - count"
    stageSort([["count",true,"auto"]], 10000),
    // stage 9: "head 20"
    stageHead(20),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q13, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q13, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q13, events, options, $aliases);
}
