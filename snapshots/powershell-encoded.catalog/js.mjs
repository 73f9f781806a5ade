// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"spl2x.fixture.1","title":"Encoded PowerShell Script Block","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"}]});
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
const $m1 = pattern(["4104"], false);
const $m2 = pattern([0,"FromBase64String",0], false);
const $m3 = pattern([0,"-enc ",0], false);
const $raw4 = rawSearch("phrase", ["EncodedCommand"], false);
const $in5 = [pattern(["svc_backup"], false), pattern(["SYSTEM"], false)];
// the search filter
function $filter6(e, c) {
  return (valEq(readField(e, "EventCode"), $m1) && !valIn(readField(e, "user"), $in5) && (valEq(readField(e, "ScriptBlockText"), $m2) || valEq(readField(e, "ScriptBlockText"), $m3) || $raw4(rawText(e))));
}
// the search filter on input events
function $filter7(e, c) {
  return (valEq($evf1(e, "EventCode"), $m1) && !valIn($evf1(e, "user"), $in5) && (valEq($evf1(e, "ScriptBlockText"), $m2) || valEq($evf1(e, "ScriptBlockText"), $m3) || $raw4($evt(e))));
}
const $re8 = new RegExp("(?\u003cb64\u003e[+/-9A-Za-z]{40,}={0,2})", "ug");
// filter stage
function $filter9(e, c) {
  return (readField(e, "b64") !== undefined);
}
const $q10 = {
  selects: (e) => valSelect(readField(e, "index"), $m0),
  filter: $filter6,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0), filter: $filter7 },
  stages: [
    // stage 2: "rex field=ScriptBlockText \"(?\u003cb64\u003e[A-Za-z0-9+/]{40,}={0,2})\""
    stageRex("ScriptBlockText", $re8, ["b64"], 1),
    // stage 3: "eval b64_len=len(b64)"
    stageEval([["b64_len", (e, c) => fn_len((readField(e, "b64") ?? null))]]),
    // stage 4: "where isnotnull(b64)"
    stageFilter($filter9),
    // stage 5: "table _time host user b64_len"
    stageFields("table", ["_time","host","user","b64_len"]),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q10, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q10, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q10, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q10, options, $aliases);
}
