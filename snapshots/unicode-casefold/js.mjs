// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["1"], false);
const $m1 = pattern(["corp\\josé"], false);
// the search filter
function $filter2(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "user", $m1));
}
const $q3 = {
  selects: () => true,
  filter: $filter2,
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q3, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q3, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q3, events, options, $aliases);
}
