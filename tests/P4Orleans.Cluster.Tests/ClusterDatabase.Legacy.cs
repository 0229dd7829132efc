namespace P4Orleans.Cluster.Tests;

/// <summary>
/// The first release's grain host tables (grain_state, grain_journal), read until the Orleans tables replace them
/// on this branch. Same parameters as the Orleans queries, so the checks do not change.
/// </summary>
internal static class LegacySchema
{
    public const string States = "SELECT grain_id, state::text FROM grain_state WHERE $1::text IS NOT NULL AND grain_type = $2";

    public const string Journal =
        "SELECT grain_type, grain_id, at, kind, coalesce(data::text, 'null') FROM grain_journal WHERE $1::text IS NOT NULL ORDER BY grain_type, grain_id, seq";
}
