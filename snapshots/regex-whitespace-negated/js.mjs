// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $m1 = pattern(["user mode service"], false);
const $re2 = searchRegex("\\.exe[\\t-\\r ]+\\/", "u");
const $re3 = searchRegex("^[+/-9=A-Za-z]{100,}(?=\\n?$)", "u");
// the search filter
function $filter4(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "Service_Type", $m1) && leafRegex(e, "Service_File_Name", $re2) && !leafRegex(e, "Service_Name", $re3));
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
