// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"spl2x.fixture.1","title":"Encoded PowerShell Script Block","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["4104"], false);
const $m2 = pattern([0,"FromBase64String",0], false);
const $m3 = pattern([0,"-enc ",0], false);
const $raw4 = rawSearch("phrase", ["EncodedCommand"], false);
const $in5 = [pattern(["svc_backup"], false), pattern(["SYSTEM"], false)];
// the search filter
function $filter6(e, c) {
  return (leafEq(e, "EventCode", $m1) && (leafEq(e, "ScriptBlockText", $m2) || leafEq(e, "ScriptBlockText", $m3) || $raw4(e)) && !leafIn(e, "user", $in5));
}
const $re7 = new RegExp("(?\u003cb64\u003e[+/-9A-Za-z]{40,}={0,2})", "ug");
// filter stage
function $filter8(e, c) {
  return leafExists(e, "b64");
}
const $q9 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)),
  filter: $filter6,
  stages: [
    // stage 2: "rex field=ScriptBlockText \"(?\u003cb64\u003e[A-Za-z0-9+/]{40,}={0,2})\""
    stageRex("ScriptBlockText", $re7, ["b64"], 1),
    // stage 3: "eval b64_len=len(b64)"
    stageEval([["b64_len", (e, c) => fn_len(ef(e, "b64"))]]),
    // stage 4: "where isnotnull(b64)"
    stageFilter($filter8),
    // stage 5: "table _time host user b64_len"
    stageFields("table", ["_time","host","user","b64_len"]),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q9, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q9, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q9, events, options, $aliases);
}
