using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SecurityIncidentsAndAppendOnlyAccessLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SecurityIncidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferenceNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubmissionKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AffectedPatients = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MeasuresTaken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReportedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecurityIncidents_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SecurityIncidentEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ByCouncil = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityIncidentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecurityIncidentEvents_SecurityIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "SecurityIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SecurityIncidentTerminals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CertificateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TerminalName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevokedByReport = table.Column<bool>(type: "INTEGER", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityIncidentTerminals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecurityIncidentTerminals_SecurityIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "SecurityIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SecurityIncidentTerminals_TerminalCertificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "TerminalCertificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SecurityIncidentUsers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityIncidentUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecurityIncidentUsers_SecurityIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "SecurityIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidentEvents_IncidentId",
                table: "SecurityIncidentEvents",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidents_FacilityId_ReportedAtUtc",
                table: "SecurityIncidents",
                columns: new[] { "FacilityId", "ReportedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidents_ReferenceNumber",
                table: "SecurityIncidents",
                column: "ReferenceNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidents_Status_ReportedAtUtc",
                table: "SecurityIncidents",
                columns: new[] { "Status", "ReportedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidents_SubmissionKey",
                table: "SecurityIncidents",
                column: "SubmissionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidentTerminals_CertificateId",
                table: "SecurityIncidentTerminals",
                column: "CertificateId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidentTerminals_IncidentId",
                table: "SecurityIncidentTerminals",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityIncidentUsers_IncidentId",
                table: "SecurityIncidentUsers",
                column: "IncidentId");

            // 閲覧記録 is append-only (docs/incidents-and-access-log.md): the database itself refuses
            // to change or remove a row, whatever the account. The hash chain still detects what
            // someone able to drop these triggers might do.
            migrationBuilder.Sql(
                "CREATE TRIGGER \"AccessLog_RefuseUpdate\" BEFORE UPDATE ON \"AccessLog\" " +
                "BEGIN SELECT RAISE(ABORT, 'AccessLog is append-only: rows cannot be updated.'); END;");
            migrationBuilder.Sql(
                "CREATE TRIGGER \"AccessLog_RefuseDelete\" BEFORE DELETE ON \"AccessLog\" " +
                "BEGIN SELECT RAISE(ABORT, 'AccessLog is append-only: rows cannot be deleted.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AccessLog_RefuseUpdate\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AccessLog_RefuseDelete\";");

            migrationBuilder.DropTable(
                name: "SecurityIncidentEvents");

            migrationBuilder.DropTable(
                name: "SecurityIncidentTerminals");

            migrationBuilder.DropTable(
                name: "SecurityIncidentUsers");

            migrationBuilder.DropTable(
                name: "SecurityIncidents");
        }
    }
}
