// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $m1 = pattern(["disabled"], true);
const $m2 = pattern(["psexesvc"], true);
// the search filter
function $filter3(e, c) {
  return (leafEq(e, "EventCode", $m0) && (leafEq(e, "Service_Start_Type", $m1) || leafEq(e, "Service_Name", $m2)));
}
const $q4 = {
  selects: () => true,
  filter: $filter3,
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q4, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q4, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q4, events, options, $aliases);
}
