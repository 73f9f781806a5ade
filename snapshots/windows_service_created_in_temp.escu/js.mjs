// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"0f0c4d7b-53a5-4f5e-9d5c-2b3a7f1e6a10","title":"Windows Service Created In Temp Folder","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source sourcetype:XmlWinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source source:XmlWinEventLog:System: checked only on events that have a 'source' field; the events given to run() are the data source"}]});
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
const $m1 = pattern(["XmlWinEventLog"], false);
const $m2 = pattern(["XmlWinEventLog:System"], false);
const $m3 = pattern(["7045"], false);
const $in4 = [pattern([0,"\\Temp\\",0], false), pattern([0,"\\AppData\\",0], false), pattern([0,"\\Users\\Public\\",0], false)];
const $in5 = [pattern(["MpKsl",0], false), pattern(["TeamViewer",0], false)];
// the search filter
function $filter6(e, c) {
  return (valEq(readField(e, "EventCode"), $m3) && valIn(readField(e, "ImagePath"), $in4) && !valIn(readField(e, "ServiceName"), $in5));
}
// the search filter on input events
function $filter7(e, c) {
  return (valEq($evf1(e, "EventCode"), $m3) && valIn($evf1(e, "ImagePath"), $in4) && !valIn($evf1(e, "ServiceName"), $in5));
}
const $o8 = order("lt", "3", true, true);
// filter stage
function $filter9(e, c) {
  return valOrder(readField(e, "count"), $o8);
}
const $q10 = {
  selects: (e) => valSelect(readField(e, "index"), $m0) && valSelect(readField(e, "sourcetype"), $m1) && valSelect(readField(e, "source"), $m2),
  filter: $filter6,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0) && valSelect($evf1(e, "sourcetype"), $m1) && valSelect($evf1(e, "source"), $m2), filter: $filter7 },
  keep: ["_time","dest","ServiceName","ImagePath","StartType"],
  stages: [
    // stage 2: "stats count min(_time) as firstTime max(_time) as lastTime by dest ServiceName ImagePath StartType"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "min", field: "_time", as: "firstTime" }, { fn: "max", field: "_time", as: "lastTime" }], by: ["dest","ServiceName","ImagePath","StartType"] }),
    // stage 3: "where count \u003c 3"
    stageFilter($filter9),
    // stage 4: "`security_content_ctime(firstTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","firstTime","firstTime"]]),
    // stage 5: "`security_content_ctime(lastTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","lastTime","lastTime"]]),
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
