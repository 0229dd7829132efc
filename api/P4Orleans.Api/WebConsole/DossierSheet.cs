using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// A dossier as its console page shows it, from the view its reader is entitled to (Operators', ONSS's or the assigned
/// office's): the page renders one shape, the grain decides what each audience sees.
/// </summary>
public sealed record DossierSheet(
    string DossierId, string Reference, DossierStatus Status, TitleKind TitleKind, string? ArrondissementId, string? AssignedOfficeId,
    string? DispatchExplanation, AmountsView Amounts, IReadOnlyList<KeyDateView> KeyDates, DateOnly? ServiceDate, ServiceMode? ServiceMode,
    IReadOnlyList<(DateOnly Date, SeizureKind Kind, long CostCents)> Seizures, IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<TimelineEntryView> Timeline, IReadOnlyList<NoteView> Notes, IReadOnlyList<DossierCommand> AllowedCommands, bool PersonalDataPurged)
{
    public static DossierSheet Of(DossierView v) => new(v.DossierId, v.Reference, v.Status, v.Title.Kind, v.ArrondissementId, v.AssignedOfficeId,
        v.DispatchExplanation, v.Amounts, v.KeyDates, v.Service?.Date, v.Service?.Mode, [.. v.Seizures.Select(s => (s.Date, s.Kind, s.CostCents))],
        v.Documents, v.Timeline, v.Notes, v.AllowedCommands, v.PersonalDataPurged) { Disputes = v.Disputes ?? DisputesView.None, SeizureIds = [.. v.Seizures.Select(s => s.SeizureId)],
        SeizureAssets = [.. v.Seizures.Select(s => s.Assets ?? [])] };

    public static DossierSheet Of(OnssDossierView v) => new(v.DossierId, v.Reference, v.Status, v.Title.Kind, v.ArrondissementId, v.AssignedOfficeId,
        v.DispatchExplanation, v.Amounts, v.KeyDates, v.Service?.Date, v.Service?.Mode, [.. v.Seizures.Select(s => (s.Date, s.Kind, s.CostCents))],
        v.Documents, v.Timeline, v.Notes, v.AllowedCommands, v.PersonalDataPurged) { Disputes = v.Disputes ?? DisputesView.None, SeizureIds = [.. v.Seizures.Select(s => s.SeizureId)],
        SeizureAssets = [.. v.Seizures.Select(s => s.Assets ?? [])] };

    public static DossierSheet Of(BailiffDossierView v) => new(v.DossierId, v.Reference, v.Status, v.Title.Kind, v.ArrondissementId, v.AssignedOfficeId,
        null, v.Amounts, v.KeyDates, v.Service?.Date, v.Service?.Mode, [.. v.Seizures.Select(s => (s.Date, s.Kind, s.CostCents))],
        v.Documents, v.Timeline, [], v.AllowedCommands, v.PersonalDataPurged) { Disputes = v.Disputes ?? DisputesView.None, SeizureIds = [.. v.Seizures.Select(s => s.SeizureId)],
        SeizureAssets = [.. v.Seizures.Select(s => s.Assets ?? [])] };

    /// <summary>The disputes as the reader's view carries them (notes only where that view unseals them).</summary>
    public DisputesView Disputes { get; init; } = DisputesView.None;

    /// <summary>The seizures' ids, in the order of <see cref="Seizures"/> (a judicial dispute names the seizures it concerns).</summary>
    public IReadOnlyList<string> SeizureIds { get; init; } = [];

    /// <summary>Each seizure's assets as the view unseals them, in the order of <see cref="Seizures"/> (none once purged).</summary>
    public IReadOnlyList<IReadOnlyList<SeizableAsset>> SeizureAssets { get; init; } = [];

    /// <summary>Where the documents download, their id appended (the office's pages); null: no download link.</summary>
    public string? DocumentLinks { get; init; }

    /// <summary>Whether the dossier's status allows this command now (the grain checks again when it runs).</summary>
    public bool Allows(DossierCommand command) => AllowedCommands.Contains(command);
}
