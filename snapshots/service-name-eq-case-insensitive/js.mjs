// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":17},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":18,"end":40},"message":"data source sourcetype:WinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
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
const $m1 = pattern(["WinEventLog"], false);
const $m2 = pattern(["7045"], false);
const $m3 = pattern(["psexesvc"], false);
// the search filter
function $filter4(e, c) {
  return (valEq(readField(e, "EventCode"), $m2) && valEq(readField(e, "Service_Name"), $m3));
}
// the search filter on input events
function $filter5(e, c) {
  return (valEq($evf1(e, "EventCode"), $m2) && valEq($evf1(e, "Service_Name"), $m3));
}
const $q6 = {
  selects: (e) => valSelect(readField(e, "index"), $m0) && valSelect(readField(e, "sourcetype"), $m1),
  filter: $filter4,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0) && valSelect($evf1(e, "sourcetype"), $m1), filter: $filter5 },
  stages: [

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

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q6, options, $aliases);
}
