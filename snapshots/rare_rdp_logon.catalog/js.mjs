// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"spl2x.example.1","title":"RDP Logon From Outside The Internal Ranges","target":"js","profile":"splunk","fidelity":"partial","notes":[{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source sourcetype:XmlWinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source source:XmlWinEventLog:Security: checked only on events that have a 'source' field; the events given to run() are the data source"},{"level":"warning","stage":2,"span":{"start":186,"end":247},"message":"lookup asset_lookup: lookup tables are not available to the JS matcher; rows pass through without its output fields"}]});
const $aliases = [];
const $m0 = pattern(["wineventlog"], false);
const $m1 = pattern(["XmlWinEventLog"], false);
const $m2 = pattern(["XmlWinEventLog:Security"], false);
const $raw3 = rawSearch("indexed", ["EventCode=4624"], false);
const $m4 = pattern(["10"], false);
const $cidr5 = parseCidr("10.0.0.0/8");
const $cidr6 = parseCidr("172.16.0.0/12");
const $cidr7 = parseCidr("192.168.0.0/16");
// the search filter
function $filter8(e, c) {
  return ($raw3(e) && leafEq(e, "Logon_Type", $m4) && (leafExists(e, "src_ip") && !leafCidr(e, "src_ip", $cidr5)) && (leafExists(e, "src_ip") && !leafCidr(e, "src_ip", $cidr6)) && (leafExists(e, "src_ip") && !leafCidr(e, "src_ip", $cidr7)));
}
const $q9 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)) && (!leafExists(e, "sourcetype") || leafEq(e, "sourcetype", $m1)) && (!leafExists(e, "source") || leafEq(e, "source", $m2)),
  filter: $filter8,
  stages: [
    // stage 3: "lookup asset_lookup ip AS src_ip OUTPUTNEW owner AS src_owner" — not run (see meta.notes)
    // stage 4: "eval user=lower(user), src_owner=coalesce(src_owner, \"unknown\")"
    stageEval([["user", (e, c) => fn_lower(ef(e, "user"))], ["src_owner", (e, c) => fn_coalesce(ef(e, "src_owner"), "unknown")]]),
    // stage 5: "dedup user src_ip"
    stageDedup({"fields":["user","src_ip"],"count":1,"keepempty":false,"consecutive":false,"keepevents":false,"sortBy":[]}),
    // stage 6: "table _time, host, user, src_ip, src_owner"
    stageFields("table", ["_time","host","user","src_ip","src_owner"]),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q9, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q9, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q9, events, options, $aliases);
}
