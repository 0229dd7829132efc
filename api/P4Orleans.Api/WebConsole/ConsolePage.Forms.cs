using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

// The fields of the console's forms read as the API reads its bodies: lists by name, law dates, texts under the API's
// limits, amounts typed in euros, whole numbers, instants typed in Brussels time; a bad field is a 400 naming it.
public abstract partial class ConsolePage
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>A value of a list by its name only (<see cref="ConsoleForm.Choice{TEnum}"/>).</summary>
    protected TEnum Choice<TEnum>(string? value, string field) where TEnum : struct, Enum => ConsoleForm.Choice<TEnum>(T, value, field);

    /// <summary>A law date of a form (<see cref="ConsoleForm.Day"/>).</summary>
    protected DateOnly Day(DateOnly? value, string field) => ConsoleForm.Day(T, value, field);

    /// <summary>A text of a form within the API's limit for <paramref name="field"/> (<see cref="ConsoleForm.Text"/>).</summary>
    protected string? Text(string? value, string field, bool required) => ConsoleForm.Text(T, value, field, required);

    /// <summary>An amount typed in euros, in cents (<see cref="ConsoleForm.Cents"/>).</summary>
    protected long Cents(string? value, string field) => ConsoleForm.Cents(T, value, field);

    /// <summary>Checks a command built from the form with the API's input limits (dates, lengths, lists, cents): a 400 otherwise.</summary>
    protected void Limits(object command) => ConsoleForm.Limits(HttpContext, command);

    /// <summary>A whole number typed in a form (digits only, as a number input posts it); a 400 naming <paramref name="field"/> otherwise.</summary>
    protected int Count(string? value, string field) =>
        value?.Trim() is { Length: > 0 and <= 9 } digits && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)
            : throw new DossierValidationException(field, T["number-required"]);

    /// <summary>
    /// An instant typed as a date and time of Brussels (a datetime-local input: yyyy-mm-ddThh:mm), in UTC; a time the clocks
    /// skip in spring does not exist and is refused, one they repeat in autumn is read as the first (summer time).
    /// </summary>
    protected DateTimeOffset BrusselsInstant(DateTime? value, string field)
    {
        if (value is not { } local || Brussels.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)))
        {
            throw new DossierValidationException(field, T["instant-required"]);
        }
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Brussels.IsAmbiguousTime(unspecified) ? Brussels.GetAmbiguousTimeOffsets(unspecified).Max() : Brussels.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }
}
