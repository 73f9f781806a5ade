// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"spl2x.example.1","title":"RDP Logon From Outside The Internal Ranges","target":"js","profile":"splunk","fidelity":"partial","notes":[{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source index:wineventlog: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source sourcetype:XmlWinEventLog: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":0,"end":25},"message":"data source source:XmlWinEventLog:Security: checked only on events that have a 'source' field; the events given to run() are the data source"},{"level":"warning","stage":2,"span":{"start":186,"end":247},"message":"lookup asset_lookup: lookup tables are not available to the JS matcher; rows pass through without its output fields"}]});
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
  return (valEq(readField(e, "Logon_Type"), $m4) && ((readField(e, "src_ip") !== undefined) && !valCidr(readField(e, "src_ip"), $cidr5)) && ((readField(e, "src_ip") !== undefined) && !valCidr(readField(e, "src_ip"), $cidr6)) && ((readField(e, "src_ip") !== undefined) && !valCidr(readField(e, "src_ip"), $cidr7)) && $raw3(rawText(e)));
}
// the search filter on input events
function $filter9(e, c) {
  return (valEq($evf1(e, "Logon_Type"), $m4) && (($evf1(e, "src_ip") !== undefined) && !valCidr($evf1(e, "src_ip"), $cidr5)) && (($evf1(e, "src_ip") !== undefined) && !valCidr($evf1(e, "src_ip"), $cidr6)) && (($evf1(e, "src_ip") !== undefined) && !valCidr($evf1(e, "src_ip"), $cidr7)) && $raw3($evt(e)));
}
const $q10 = {
  selects: (e) => valSelect(readField(e, "index"), $m0) && valSelect(readField(e, "sourcetype"), $m1) && valSelect(readField(e, "source"), $m2),
  filter: $filter8,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0) && valSelect($evf1(e, "sourcetype"), $m1) && valSelect($evf1(e, "source"), $m2), filter: $filter9 },
  stages: [
    // stage 3: "lookup asset_lookup ip AS src_ip OUTPUTNEW owner AS src_owner" — not run (see meta.notes)
    // stage 4: "eval user=lower(user), src_owner=coalesce(src_owner, \"unknown\")"
    stageEval([["user", (e, c) => fn_lower((readField(e, "user") ?? null))], ["src_owner", (e, c) => fn_coalesce((readField(e, "src_owner") ?? null), "unknown")]]),
    // stage 5: "dedup user src_ip"
    stageDedup({"fields":["user","src_ip"],"count":1,"keepempty":false,"consecutive":false,"keepevents":false,"sortBy":[]}),
    // stage 6: "table _time, host, user, src_ip, src_owner"
    stageFields("table", ["_time","host","user","src_ip","src_owner"]),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q10, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q10, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q10, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q10, options, $aliases);
}
