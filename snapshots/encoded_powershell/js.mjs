// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":18,"end":86},"message":"data source sourcetype:XmlWinEventLog:Microsoft-Windows-PowerShell/Operational: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
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
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["XmlWinEventLog:Microsoft-Windows-PowerShell/Operational"], false);
const $m2 = pattern(["4104"], false);
const $m3 = pattern([0,"FromBase64String",0], false);
const $m4 = pattern([0,"-enc",0], false);
const $raw5 = rawSearch("phrase", ["EncodedCommand"], false);
const $in6 = [pattern(["svc_backup"], false), pattern(["SYSTEM"], false)];
// the search filter
function $filter7(e, c) {
  return (valEq(readField(e, "EventCode"), $m2) && !valIn(readField(e, "user"), $in6) && (valEq(readField(e, "ScriptBlockText"), $m3) || valEq(readField(e, "ScriptBlockText"), $m4) || $raw5(rawText(e))));
}
// the search filter on input events
function $filter8(e, c) {
  return (valEq($evf1(e, "EventCode"), $m2) && !valIn($evf1(e, "user"), $in6) && (valEq($evf1(e, "ScriptBlockText"), $m3) || valEq($evf1(e, "ScriptBlockText"), $m4) || $raw5($evt(e))));
}
const $re9 = new RegExp("(?\u003cb64\u003e[+/-9A-Za-z]{40,}={0,2})", "ug");
const $o10 = order("gt", "100", true, true);
// filter stage
function $filter11(e, c) {
  return ((readField(e, "b64") !== undefined) && valOrder(readField(e, "b64_len"), $o10));
}
const $o12 = order("ge", "2", true, true);
// filter stage
function $filter13(e, c) {
  return valOrder(readField(e, "count"), $o12);
}
const $q14 = {
  selects: (e) => valSelect(readField(e, "index"), $m0) && valSelect(readField(e, "sourcetype"), $m1),
  filter: $filter7,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0) && valSelect($evf1(e, "sourcetype"), $m1), filter: $filter8 },
  stages: [
    // stage 2: "rex field=ScriptBlockText \"(?\u003cb64\u003e[A-Za-z0-9+/]{40,}={0,2})\""
    stageRex("ScriptBlockText", $re9, ["b64"], 1),
    // stage 3: "eval b64_len=len(b64), host=lower(host)"
    stageEval([["b64_len", (e, c) => fn_len((readField(e, "b64") ?? null))], ["host", (e, c) => fn_lower((readField(e, "host") ?? null))]]),
    // stage 4: "where isnotnull(b64) AND b64_len \u003e 100"
    stageFilter($filter11),
    // stage 5: "bin _time span=5m"
    stageBin({"field":"_time","as":"_time","seconds":300}),
    // stage 6: "stats count values(b64) as samples dc(user) as users by _time, host"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "values", field: "b64", as: "samples" }, { fn: "dc", field: "user", as: "users" }], by: ["_time","host"] }),
    // stage 7: "where count \u003e= 2"
    stageFilter($filter13),
    // stage 8: "sort - count"
    stageSort([["count",true,"auto"]], 10000),
    // stage 9: "head 20"
    stageHead(20),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q14, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q14, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q14, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q14, options, $aliases);
}
