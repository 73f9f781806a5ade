// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $m1 = pattern(["auto start"], false);
const $m2 = pattern(["kernel mode driver"], false);
const $m3 = pattern(["PSEXESVC"], false);
// the search filter
function $filter4(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "Service_Start_Type", $m1) && (leafEq(e, "Service_Type", $m2) || leafEq(e, "Service_Name", $m3)));
}
const $q5 = {
  selects: () => true,
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
