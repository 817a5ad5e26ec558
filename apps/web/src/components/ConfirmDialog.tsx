import type { ReactNode } from 'react';
import { Button } from './Button.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ModalDialog } from './ModalDialog.tsx';

interface ConfirmDialogProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: string;
  /** What will happen, named: "Supprimer « Portes ouvertes » du 12 mars ?" */
  children: ReactNode;
  confirmLabel: string;
  /** The way out, worded as what is kept ("Garder") where the page says so; "Annuler" otherwise. */
  cancelLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
  error?: unknown;
}

/** The confirmation of a destructive action: an alert dialog, the danger button first, the error shown in place. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <ModalDialog isOpen={props.isOpen} onOpenChange={props.onOpenChange} title={props.title} role="alertdialog">
      {props.children}
      <ErrorAlert error={props.error} />
      <div className="form__actions">
        <Button variant="danger" isPending={props.isPending} onPress={props.onConfirm}>
          {props.confirmLabel}
        </Button>
        <Button variant="secondary" onPress={() => props.onOpenChange(false)}>
          {props.cancelLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
