namespace P4Orleans.Contracts;

/// <summary>
/// Bailiff office → dossier: the office was suspended or departed; give the dossier to another office. The office
/// records the request in its state before delivering it, redelivers until every open dossier has answered, and
/// each dossier applies a given <paramref name="MessageId"/> once.
/// </summary>
/// <param name="OfficeId">The office leaving.</param>
/// <param name="OfficeStatus">Its new status.</param>
/// <param name="MessageId">The request's id, the key of de-duplication.</param>
/// <param name="MovedToArrondissementId">Set when the office moved to this arrondissement (still active): a dossier of that arrondissement stays.</param>
[GenerateSerializer, Immutable]
public sealed record ReassignmentRequested(string OfficeId, BailiffStatus OfficeStatus, Guid MessageId, string? MovedToArrondissementId = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
