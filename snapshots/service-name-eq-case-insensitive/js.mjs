// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":18,"end":40},"message":"data source sourcetype:WinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["WinEventLog"], false);
const $m2 = pattern(["7045"], false);
const $m3 = pattern(["psexesvc"], false);
// the search filter
function $filter4(e, c) {
  return (leafEq(e, "EventCode", $m2) && leafEq(e, "Service_Name", $m3));
}
const $q5 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)) && (!leafExists(e, "sourcetype") || leafEq(e, "sourcetype", $m1)),
  filter: $filter4,
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q5, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q5, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q5, events, options, $aliases);
}
