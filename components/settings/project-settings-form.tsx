"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import type { ProjectSettingsDoc } from "@/server/modules/settings/settings.schema";
import { DurationInput } from "./duration-input";
import { formatSeconds, SECTION_LABELS, SETTINGS_FIELDS, type SettingsField } from "./settings-fields";

type Sections = Omit<ProjectSettingsDoc, "profile">;

function readValue(doc: ProjectSettingsDoc, section: keyof Sections, key: string): number | string {
  return (doc[section] as Record<string, number | string>)[key] ?? 0;
}

export function ProjectSettingsForm({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.settings.get.queryOptions({ projectId }));
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey({ projectId }) }),
    }),
  );
  const [draft, setDraft] = useState<ProjectSettingsDoc | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data) setDraft(query.data.settings);
  }, [query.data]);

  if (query.isPending || !draft) return <Loading />;
  if (query.isError) return <ErrorNote>{errorMessage(query.error)}</ErrorNote>;

  /** "standard 30 d · fast 1 h": each profile's value beside the field. */
  const profileValues = (section: keyof Sections, f: SettingsField) => {
    const show = (doc: ProjectSettingsDoc) => {
      const v = readValue(doc, section, f.key);
      if (f.unit === "seconds") return formatSeconds(Number(v));
      return f.options?.find((o) => o.value === String(v))?.label ?? String(v);
    };
    return `standard ${show(query.data.standard)}, fast ${show(query.data.fast)}`;
  };

  const setField = (section: keyof Sections, key: string, value: number | string | boolean) => {
    setSaved(false);
    setDraft({ ...draft, profile: "custom", [section]: { ...draft[section], [key]: value } });
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    await update.mutateAsync({ projectId, settings: draft }).then(
      () => setSaved(true),
      () => setSaved(false),
    );
  }

  const sections = Object.keys(SECTION_LABELS) as Array<keyof Sections>;
  return (
    <form onSubmit={onSubmit} className="space-y-6">
      <Card
        title="Timing profile"
        description="Every window, timeout and schedule in Tightloop comes from these settings. The fast profile uses seconds instead of minutes and days, so the whole loop closes in minutes (demo and tests)."
        actions={
          canEdit ? (
            <div className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => {
                  setDraft(query.data.standard);
                  setSaved(false);
                }}
              >
                Standard profile
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setDraft(query.data.fast);
                  setSaved(false);
                }}
              >
                Fast profile
              </Button>
            </div>
          ) : null
        }
      >
        <p className="text-sm">
          Current profile: <strong>{draft.profile}</strong>
        </p>
      </Card>
      {sections.map((section) => (
        <Card key={section} title={SECTION_LABELS[section]}>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {SETTINGS_FIELDS.filter((f) => f.section === section).map((f) => {
              const value = readValue(draft, section, f.key);
              return (
                <Field
                  key={f.key}
                  label={f.label}
                  hint={[f.hint, profileValues(f.section, f)].filter(Boolean).join(" · ")}
                >
                  {f.unit === "choice" ? (
                    <Select
                      name={`${section}.${f.key}`}
                      value={String(value)}
                      disabled={!canEdit}
                      onChange={(e) => {
                        const v = e.target.value;
                        // A yes/no setting is stored as a boolean.
                        setField(section, f.key, v === "true" ? true : v === "false" ? false : v);
                      }}
                    >
                      {f.options?.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  ) : f.unit === "seconds" ? (
                    <DurationInput
                      name={`${section}.${f.key}`}
                      seconds={Number(value)}
                      disabled={!canEdit}
                      onSeconds={(v) => setField(section, f.key, v)}
                    />
                  ) : (
                    <Input
                      type="number"
                      name={`${section}.${f.key}`}
                      value={Number.isFinite(value) ? value : ""}
                      step={f.unit === "fraction" ? 0.01 : f.unit === "number" ? "any" : 1}
                      min={f.unit === "fraction" ? 0 : 1}
                      max={f.unit === "fraction" ? 1 : undefined}
                      disabled={!canEdit}
                      onChange={(e) => setField(section, f.key, e.target.valueAsNumber)}
                    />
                  )}
                </Field>
              );
            })}
          </div>
        </Card>
      ))}
      {update.isError ? <ErrorNote>{errorMessage(update.error)}</ErrorNote> : null}
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save settings"}
          </Button>
          {saved ? <span className="text-sm text-emerald-600">Saved.</span> : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">Only project admins can change settings.</p>
      )}
    </form>
  );
}
