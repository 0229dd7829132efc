using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// The seizure form of an office's dossier page as typed so far: its values and its asset rows. The form shows
/// <see cref="InitialRows"/> rows at first; "add a row" posts the form back and gets it again with one more row, its values
/// kept (no script needed), up to the API's <see cref="InputLimits.MaxListItems"/> assets.
/// </summary>
public sealed record SeizureDraft(string? Kind, string? Nature, DateOnly? Date, string? ActReference, IReadOnlyList<(string Description, string Value)> Assets)
{
    /// <summary>How many asset rows the form shows before any is added.</summary>
    public const int InitialRows = 3;

    /// <summary>The empty form.</summary>
    public static SeizureDraft Empty { get; } = new(null, null, null, null, []);

    /// <summary>How many asset rows the form shows: the rows typed, never fewer than <see cref="InitialRows"/>.</summary>
    public int Rows => Math.Max(InitialRows, Assets.Count);

    /// <summary>Whether the form may have one more row (the API takes at most <see cref="InputLimits.MaxListItems"/> assets).</summary>
    public bool CanAddRow => Rows < InputLimits.MaxListItems;

    /// <summary>The description and the value typed in row <paramref name="index"/> (0-based), empty when none.</summary>
    public (string Description, string Value) Row(int index) => index < Assets.Count ? Assets[index] : ("", "");

    /// <summary>The form as posted, its rows paired by position (a description and a value each).</summary>
    public static SeizureDraft Of(string? kind, string? nature, DateOnly? date, string? actReference, string[]? descriptions, string[]? values)
    {
        descriptions ??= [];
        values ??= [];
        var rows = Math.Max(descriptions.Length, values.Length);
        var assets = new List<(string, string)>(rows);
        for (var i = 0; i < rows; i++)
        {
            assets.Add((i < descriptions.Length ? descriptions[i] ?? "" : "", i < values.Length ? values[i] ?? "" : ""));
        }
        return new SeizureDraft(kind, nature, date, actReference, assets);
    }

    /// <summary>The same form with one more (empty) row.</summary>
    public SeizureDraft WithRow() => this with { Assets = [.. Enumerable.Range(0, Rows).Select(Row), ("", "")] };
}
