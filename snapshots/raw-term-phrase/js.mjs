// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $raw0 = rawSearch("phrase", ["service was installed"], false);
const $raw1 = rawSearch("term", ["tbbd05"], false);
const $raw2 = rawSearch("term", ["PSEXESVC"], false);
// the search filter
function $filter3(e, c) {
  return ($raw0(e) && ($raw1(e) || $raw2(e)));
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
