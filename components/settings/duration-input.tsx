"use client";

import { useEffect, useState } from "react";
import { Input } from "@/components/ui/field";
import { formatSeconds, parseDuration } from "./settings-fields";

/** A duration typed as people write it ("30 d", "15 min"); the form receives seconds, or nothing while it is invalid. */
export function DurationInput({
  name,
  seconds,
  disabled,
  onSeconds,
}: {
  name: string;
  seconds: number;
  disabled: boolean;
  onSeconds: (seconds: number) => void;
}) {
  const [text, setText] = useState(formatSeconds(seconds));
  const [invalid, setInvalid] = useState(false);
  // A profile button or a reload replaces the value from outside.
  useEffect(() => {
    if (parseDuration(text) !== seconds) {
      setText(formatSeconds(seconds));
      setInvalid(false);
    }
    // Only an outside change of `seconds` should rewrite what the person is typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seconds]);
  return (
    <>
      <Input
        name={name}
        value={text}
        disabled={disabled}
        aria-invalid={invalid}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseDuration(e.target.value);
          setInvalid(parsed === null);
          if (parsed !== null) onSeconds(parsed);
        }}
      />
      {invalid ? (
        <span className="text-xs text-red-600">Write a duration such as 30 d, 2 h, 15 min or 45 s.</span>
      ) : null}
    </>
  );
}
