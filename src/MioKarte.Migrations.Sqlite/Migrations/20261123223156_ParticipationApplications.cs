using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ParticipationApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ParticipationApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmissionKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatusTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FacilityName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FacilityNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FacilityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FacilityTypeOther = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Fax = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FounderName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FounderTitle = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ManagerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ManagerTitle = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AdministratorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AdministratorNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AdministratorDepartment = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AdministratorPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AdministratorEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UserCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PcTerminalCount = table.Column<int>(type: "INTEGER", nullable: false),
                    IpadTerminalCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Connection = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DesiredStartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AgreesToIdLinkTerms = table.Column<bool>(type: "INTEGER", nullable: false),
                    AgreesToOperatingRules = table.Column<bool>(type: "INTEGER", nullable: false),
                    PrivacyPolicyUpdated = table.Column<bool>(type: "INTEGER", nullable: false),
                    BankName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    BankBranchName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    BankAccountType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    BankAccountNumber = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                    BankAccountHolderKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipationApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationEvents_ParticipationApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ParticipationApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationEvents_ApplicationId",
                table: "ApplicationEvents",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_FacilityNameKana",
                table: "ParticipationApplications",
                column: "FacilityNameKana");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_InstitutionCode",
                table: "ParticipationApplications",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_ReceiptNumber",
                table: "ParticipationApplications",
                column: "ReceiptNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_Status_SubmittedAtUtc",
                table: "ParticipationApplications",
                columns: new[] { "Status", "SubmittedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_StatusTokenHash",
                table: "ParticipationApplications",
                column: "StatusTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationApplications_SubmissionKey",
                table: "ParticipationApplications",
                column: "SubmissionKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationEvents");

            migrationBuilder.DropTable(
                name: "ParticipationApplications");
        }
    }
}
