using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>What the dispute forms of the operators', ONSS's and the office's pages share: the report of an amicable dispute, a dispute's id.</summary>
public static class ConsoleDisputes
{
    /// <summary>An amicable dispute as ONSS or the office types it, checked with the API's input limits.</summary>
    public static AmicableDisputeReport Report(HttpContext http, ConsoleText t, string? ground, string? raisedBy, DateOnly? receivedOn, string? note)
    {
        var report = new AmicableDisputeReport(ConsoleForm.Choice<DisputeGround>(t, ground, "ground"), ConsoleForm.Choice<DisputeParty>(t, raisedBy, "raisedBy"),
            ConsoleForm.Day(t, receivedOn, "receivedOn"), ConsoleForm.Text(t, note, "note", required: false));
        ConsoleForm.Limits(http, report);
        return report;
    }

    /// <summary>A dispute's id posted by a form (a hidden field): an identifier, else a 400.</summary>
    public static string Id(ConsoleText t, string? disputeId) => ConsoleForm.Text(t, disputeId, "disputeId", required: true) is { Length: <= InputLimits.IdentifierLength } id
        ? id
        : throw new DossierValidationException("disputeId", t["dispute-not-found"]);
}
