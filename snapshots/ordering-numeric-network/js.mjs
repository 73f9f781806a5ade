// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":13},"message":"data source index:network: checked only on events that have a 'index' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["network"], false);
const $o1 = order("lt", "1024", true, false);
const $o2 = order("ge", "4000", true, false);
// the search filter
function $filter3(e, c) {
  return (leafOrder(e, "dest_port", $o1) && leafOrder(e, "bytes_out", $o2));
}
const $q4 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)),
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
