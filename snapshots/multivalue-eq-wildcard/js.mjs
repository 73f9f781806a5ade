// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["4624"], false);
const $m1 = pattern([0,"$"], false);
const $m2 = pattern(["a",0], false);
// the search filter
function $filter3(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "Account_Name", $m1) && leafEq(e, "Account_Name", $m2));
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
