// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["1"], false);
const $re1 = searchRegex("https?:\\/\\/[0-9]{1,3}(\\.[0-9]{1,3}){3}\\/", "iu");
const $re2 = searchRegex("[\\t-\\r ]-hashfile[\\t-\\r ]", "u");
// the search filter
function $filter3(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafRegex(e, "process", $re1) && !leafRegex(e, "process", $re2));
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
