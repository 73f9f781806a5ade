// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"0f0c4d7b-53a5-4f5e-9d5c-2b3a7f1e6a10","title":"Windows Service Created In Temp Folder","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source sourcetype:XmlWinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":20},"message":"data source source:XmlWinEventLog:System: checked only on events that have a 'source' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["XmlWinEventLog"], false);
const $m2 = pattern(["XmlWinEventLog:System"], false);
const $m3 = pattern(["7045"], false);
const $in4 = [pattern([0,"\\Temp\\",0], false), pattern([0,"\\AppData\\",0], false), pattern([0,"\\Users\\Public\\",0], false)];
const $in5 = [pattern(["MpKsl",0], false), pattern(["TeamViewer",0], false)];
// the search filter
function $filter6(e, c) {
  return (leafEq(e, "EventCode", $m3) && leafIn(e, "ImagePath", $in4) && !leafIn(e, "ServiceName", $in5));
}
const $o7 = order("lt", "3", true, true);
// filter stage
function $filter8(e, c) {
  return leafOrder(e, "count", $o7);
}
const $q9 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)) && (!leafExists(e, "sourcetype") || leafEq(e, "sourcetype", $m1)) && (!leafExists(e, "source") || leafEq(e, "source", $m2)),
  filter: $filter6,
  stages: [
    // stage 2: "stats count min(_time) as firstTime max(_time) as lastTime by dest ServiceName ImagePath StartType"
    stageStats({ variant: "stats", aggs: [{ fn: "count", as: "count" }, { fn: "min", field: "_time", as: "firstTime" }, { fn: "max", field: "_time", as: "lastTime" }], by: ["dest","ServiceName","ImagePath","StartType"] }),
    // stage 3: "where count \u003c 3"
    stageFilter($filter8),
    // stage 4: "`security_content_ctime(firstTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","firstTime","firstTime"]]),
    // stage 5: "`security_content_ctime(lastTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","lastTime","lastTime"]]),
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
