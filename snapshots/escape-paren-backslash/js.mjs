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
const $m0 = pattern([0,"/tn \"Update (daily)\"",0], false);
const $m1 = pattern([0,"javascript:\"\\..\\mshtml,",0], false);
const $m2 = pattern(["CORP\\svc_ops"], false);
const $m3 = pattern(["app.exe"], false);
// the search filter
function $filter4(e, c) {
  return ((valEq(readField(e, "process"), $m0) || valEq(readField(e, "process"), $m1)) || (valEq(readField(e, "user"), $m2) && valEq(readField(e, "process_name"), $m3)));
}
// the search filter on input events
function $filter5(e, c) {
  return ((valEq($evf1(e, "process"), $m0) || valEq($evf1(e, "process"), $m1)) || (valEq($evf1(e, "user"), $m2) && valEq($evf1(e, "process_name"), $m3)));
}
const $q6 = {
  selects: () => true,
  filter: $filter4,
  event: { selects: () => true, filter: $filter5 },
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
