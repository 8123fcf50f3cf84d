using MioKarte.Core.Common;

namespace MioKarte.Core.Opinions;

/// <summary>The opinion form as typed.</summary>
public sealed class OpinionInput
{
    public string? Category { get; set; }

    public string? Subject { get; set; }

    public string? Body { get; set; }
}

/// <summary>Cleans and checks an opinion and the council's answer; errors carry resource keys of Japanese messages.</summary>
public static class OpinionValidation
{
    public static void Normalise(OpinionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Subject = FormInput.CleanLine(input.Subject);
        input.Body = FormInput.CleanBody(input.Body);
    }

    public static (OpinionCategory? Category, IReadOnlyList<FieldError> Errors) Validate(OpinionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var category = FormInput.ParseName<OpinionCategory>(input.Category);
        if (category is null)
        {
            errors.Add(new FieldError(nameof(OpinionInput.Category), "Opinion.Error.CategoryRequired"));
        }

        var subject = input.Subject ?? "";
        if (subject.Length == 0)
        {
            errors.Add(new FieldError(nameof(OpinionInput.Subject), "Opinion.Error.SubjectRequired"));
        }
        else if (subject.Length > Opinion.SubjectMaxLength)
        {
            errors.Add(new FieldError(nameof(OpinionInput.Subject), "Opinion.Error.SubjectTooLong", Opinion.SubjectMaxLength, subject.Length));
        }

        var body = input.Body ?? "";
        if (body.Length == 0)
        {
            errors.Add(new FieldError(nameof(OpinionInput.Body), "Opinion.Error.BodyRequired"));
        }
        else if (body.Length > Opinion.BodyMaxLength)
        {
            errors.Add(new FieldError(nameof(OpinionInput.Body), "Opinion.Error.BodyTooLong", Opinion.BodyMaxLength, body.Length));
        }

        return (errors.Count > 0 ? null : category, errors);
    }

    /// <summary>The answer cleaned; the error key when it is empty or too long.</summary>
    public static (string? Answer, FieldError? Error) ValidateAnswer(string? answer)
    {
        var cleaned = FormInput.CleanBody(answer) ?? "";
        return cleaned.Length == 0 ? (null, new FieldError("Answer", "Opinion.Error.AnswerRequired"))
            : cleaned.Length > Opinion.AnswerMaxLength ? (null, new FieldError("Answer", "Opinion.Error.AnswerTooLong", Opinion.AnswerMaxLength, cleaned.Length))
            : (cleaned, null);
    }
}
